# /said NAME: who said what.

command-said = what a person or organisation said
said-usage = Send /said and a name, e.g. /said Lavrov: the latest quotes of that person or organisation.
said-header = What { $name } said: { $first }–{ $last }
said-none = No quotes of “{ $name }” found.
said-expired = This list has expired: send /said again.
said-article = the article
