# /said ІМ'Я: хто що сказав.

command-said = що сказала людина або організація
said-usage = Надішліть /said та ім'я, наприклад /said Лавров: останні цитати цієї людини або організації.
said-header = Що сказав { $name }: { $first }–{ $last }
said-none = Цитат «{ $name }» не знайдено.
said-expired = Список застарів: надішліть /said ще раз.
said-article = стаття
