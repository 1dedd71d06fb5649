# /latest, /search, paging, and links or texts sent in chat.

page-previous = « Назад
page-next = Далей »
latest-usage = Напішыце /latest або /latest N, дзе N ад 1 да 20: столькі апошніх артыкулаў я пакажу.
latest-header = Апошнія артыкулы: { $first }–{ $last } з { $total }
latest-empty = Пакуль няма ніводнага артыкула. Дашліце спасылку або тэкст навіны.
search-usage = Напішыце /search і словы для пошуку (да 200 знакаў), напрыклад: /search Лукашэнка
search-header = Пошук «{ $query }»: { $first }–{ $last }
search-none = Па запыце «{ $query }» нічога не знойдзена.
search-expired = Гэты пошук састарэў: паўтарыце /search.
submit-too-many = Занадта шмат спасылак і тэкстаў за хвіліну: пачакайце крыху і дашліце зноў.
submit-unknown-command = Не ведаю каманды { $command }. Што я ўмею: /help
submit-not-text = Я разумею толькі тэкст і спасылкі.
