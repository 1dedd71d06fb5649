# /latest, /search, paging, and links or texts sent in chat.

page-previous = « Назад
page-next = Дальше »
latest-usage = Напишите /latest или /latest N, где N от 1 до 20: столько последних статей я покажу.
latest-header = Последние статьи: { $first }–{ $last } из { $total }
latest-empty = Пока нет ни одной статьи. Пришлите ссылку или текст новости.
search-usage = Напишите /search и слова для поиска (до 200 знаков), например: /search Лавров
search-header = Поиск «{ $query }»: { $first }–{ $last }
search-none = По запросу «{ $query }» ничего не нашлось.
search-expired = Этот поиск устарел: повторите /search.
submit-too-many = Слишком много ссылок и текстов за минуту: подождите немного и пришлите снова.
submit-unknown-command = Не знаю команды { $command }. Что я умею: /help
submit-not-text = Я понимаю только текст и ссылки.
