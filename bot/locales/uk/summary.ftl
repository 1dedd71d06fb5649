# A summary's fact line, pages of summaries and the daily digest.

fact-who = Хто
fact-where = Де
fact-when = Коли
fact-said = Сказано
fact-source = Джерело
page-untitled = Без заголовка
page-dropped = Не вмістилися в повідомлення: { $n }.
digest-header = Дайджест: { $date }
digest-also = Також:
digest-more = ще { $n }
digest-empty = Нових статей немає.
digest-nothing = Від останнього дайджесту нових статей немає.
digest-not-subscribed = Дайджест надходить підписникам. /start: підписатися.
