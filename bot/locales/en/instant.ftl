# Sources in 'instant' mode: new articles as they arrive.

instant-header-source = { $source }: { $n ->
    [one] a new article
   *[other] { $n } new articles
}
instant-header = { $n ->
    [one] A new article
   *[other] { $n } new articles
}
instant-more = And { $n } more: /latest
