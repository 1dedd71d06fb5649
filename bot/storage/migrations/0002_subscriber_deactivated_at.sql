-- 0002: when a subscriber stopped or blocked the bot, next to why (deactivated_reason).
-- Operators and a future retention job need the moment; NULL while the subscriber is
-- active, and for rows deactivated before this migration (the moment was not recorded).
ALTER TABLE subscribers ADD COLUMN deactivated_at INTEGER;
