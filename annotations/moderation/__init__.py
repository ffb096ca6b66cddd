"""Moderation of annotations and replies: flags, holds, decisions, appeals, suspensions,
the queue and its log. A wing of the annotations app (same app label, same migrations)."""
