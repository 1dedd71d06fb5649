# Sources in 'instant' mode: new articles as they arrive.

instant-header-source = { $source }: { $n ->
    [one] { $n } новая статья
    [few] { $n } новые статьи
   *[many] { $n } новых статей
}
instant-header = { $n ->
    [one] { $n } новая статья
    [few] { $n } новые статьи
   *[many] { $n } новых статей
}
instant-more = И ещё { $n ->
    [one] { $n } статья
    [few] { $n } статьи
   *[many] { $n } статей
}: /latest
