# Sources in 'instant' mode: new articles as they arrive.

instant-header-source = { $source }: { $n ->
    [one] { $n } нова стаття
    [few] { $n } нові статті
   *[many] { $n } нових статей
}
instant-header = { $n ->
    [one] { $n } нова стаття
    [few] { $n } нові статті
   *[many] { $n } нових статей
}
instant-more = І ще { $n ->
    [one] { $n } стаття
    [few] { $n } статті
   *[many] { $n } статей
}: /latest
