# Sources in 'instant' mode: new articles as they arrive.

instant-header-source = { $source }: { $n ->
    [one] { $n } новы артыкул
    [few] { $n } новыя артыкулы
   *[many] { $n } новых артыкулаў
}
instant-header = { $n ->
    [one] { $n } новы артыкул
    [few] { $n } новыя артыкулы
   *[many] { $n } новых артыкулаў
}
instant-more = І яшчэ { $n ->
    [one] { $n } артыкул
    [few] { $n } артыкулы
   *[many] { $n } артыкулаў
}: /latest
