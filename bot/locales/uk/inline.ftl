# Inline mode (@bot query in any chat): the button shown above an empty list.

inline-none = Нічого не знайдено: шукати в боті
inline-usage = Напишіть слова для пошуку (до 200 знаків)
inline-failed = Пошук зараз недоступний: спробуйте пізніше
