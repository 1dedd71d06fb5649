# /said ІМЯ: хто што сказаў.

command-said = што сказаў чалавек або арганізацыя
said-usage = Дашліце /said і імя, напрыклад /said Лаўроў: апошнія цытаты гэтага чалавека або арганізацыі.
said-header = Што сказаў { $name }: { $first }–{ $last }
said-none = Цытат «{ $name }» не знойдзена.
said-expired = Спіс састарэў: дашліце /said яшчэ раз.
said-article = артыкул
