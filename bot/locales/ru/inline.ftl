# Inline mode (@bot query in any chat): the button shown above an empty list.

inline-none = Ничего не нашлось: искать в боте
inline-usage = Напишите слова для поиска (до 200 знаков)
inline-failed = Поиск сейчас недоступен: попробуйте позже
