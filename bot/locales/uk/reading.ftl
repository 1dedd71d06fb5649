# /latest, /search, paging, and links or texts sent in chat.

page-previous = « Назад
page-next = Далі »
latest-usage = Напишіть /latest або /latest N, де N від 1 до 20: стільки останніх статей я покажу.
latest-header = Останні статті: { $first }–{ $last } з { $total }
latest-empty = Поки немає жодної статті. Надішліть посилання або текст новини.
search-usage = Напишіть /search і слова для пошуку (до 200 знаків), наприклад: /search Зеленський
search-header = Пошук «{ $query }»: { $first }–{ $last }
search-none = За запитом «{ $query }» нічого не знайдено.
search-expired = Цей пошук застарів: повторіть /search.
submit-too-many = Забагато посилань і текстів за хвилину: зачекайте трохи й надішліть знову.
submit-unknown-command = Не знаю команди { $command }. Що я вмію: /help
submit-not-text = Я розумію лише текст і посилання.
