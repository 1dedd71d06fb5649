# Inline mode (@bot query in any chat): the button shown above an empty list.

inline-none = Нічога не знойдзена: шукаць у боце
inline-usage = Напішыце словы для пошуку (да 200 знакаў)
inline-failed = Пошук цяпер недаступны: паспрабуйце пазней
