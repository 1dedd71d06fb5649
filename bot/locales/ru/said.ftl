# /said ИМЯ: кто что сказал.

command-said = что сказал человек или организация
said-usage = Отправьте /said и имя, например /said Лавров: последние цитаты этого человека или организации.
said-header = Что сказал { $name }: { $first }–{ $last }
said-none = Цитат «{ $name }» не найдено.
said-expired = Список устарел: отправьте /said ещё раз.
said-article = статья
