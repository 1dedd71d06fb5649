# A summary's fact line, pages of summaries and the daily digest.

fact-who = Кто
fact-where = Где
fact-when = Когда
fact-said = Сказано
fact-source = Источник
page-untitled = Без заголовка
page-dropped = Не поместились в сообщение: { $n }.
digest-header = Дайджест: { $date }
digest-also = Также:
digest-more = ещё { $n }
digest-empty = Новых статей нет.
digest-nothing = С последнего дайджеста новых статей нет.
digest-not-subscribed = Дайджест приходит подписчикам. /start: подписаться.
