# A summary's fact line, pages of summaries and the daily digest.

fact-who = Хто
fact-where = Дзе
fact-when = Калі
fact-said = Сказана
fact-source = Крыніца
page-untitled = Без загалоўка
page-dropped = Не змясціліся ў паведамленне: { $n }.
digest-header = Дайджэст: { $date }
digest-also = Таксама:
digest-more = яшчэ { $n }
digest-empty = Новых артыкулаў няма.
digest-nothing = З апошняга дайджэсту новых артыкулаў няма.
digest-not-subscribed = Дайджэст прыходзіць падпісчыкам. /start: падпісацца.
