# /start, /help, /stop, /lang and the command menu.

start-greeting =
    Прывітанне! Я newsbrief: чытаю навіны і ў некалькіх радках кажу, што здарылася: хто, дзе, калі і што было сказана.

    Вы падпісаныя. Дашліце спасылку на артыкул або тэкст навіны, і я дашлю кароткі выклад.

    /latest: апошнія артыкулы
    /search словы: пошук па артыкулах
    /settings: дайджэст, час, часавы пояс, крыніцы
    /lang: мова бота
    /stop: адпісацца
    /help: што я ўмею
start-help =
    Дашліце спасылку (http або https) або тэкст навіны: я адкажу двума-трыма сказамі і радком фактаў.

    /start: падпісацца
    /latest [N]: апошнія N артыкулаў
    /search словы: пошук па артыкулах у любой форме слоў
    /said імя: што казаў чалавек або арганізацыя
    /follow імя або слова: адразу дасылаць новыя артыкулы пра іх; /following: спіс
    /channel @канал: падключыць свой канал
    /add адрас: дадаць стужку або сайт як крыніцу; /remove адрас: выдаліць
    /feeds: вашы крыніцы; /export: яны ў файле OPML (дашліце файл OPML, каб імпартаваць)
    /settings: штодзённы дайджэст: час, часавы пояс, колькі артыкулаў, крыніцы
    /lang [ru|be|uk|en]: мова бота
    /stop: адпісацца
start-stopped = Вы адпісаліся. /start: падпісацца зноў.
start-not-subscribed = Вы не падпісаныя. /start: падпісацца.
start-admins-only = Падпіску і мову групы могуць мяняць толькі яе адміністратары.
# The language's own name, shown on the language buttons.
language-self = Беларуская
lang-set = Мова: беларуская.
lang-choose = Выберыце мову бота:
lang-usage = Напішыце /lang і выберыце мову, або /lang ru, /lang be, /lang uk, /lang en.

command-start = падпісацца і пачаць
command-help = што я ўмею
command-latest = апошнія артыкулы
command-search = пошук па артыкулах
command-settings = дайджэст: час, пояс, крыніцы
command-digest = дайджэст зараз
command-stop = адпісацца
command-lang = мова бота
