"""The stored comments, read back straight from PostgreSQL, and every way their threads can be
inconsistent.

Standard library only (psycopg aside), no Django: spawned client processes import it too.
"""

from __future__ import annotations

from dataclasses import dataclass

DEPTH_LIMIT = 3  # the moderation policy's default max_thread_depth, which the tests keep

COMMENTS_SQL = """
SELECT c.id, c.comment, c.object_pk, x.thread_id, x.parent_id, x.level, t.thread_path,
       x.nested_count, t.status,
       (SELECT count(*) FROM comments_moderationdecision d WHERE d.comment_id = c.id)
FROM django_comments c
LEFT JOIN django_comments_xtd_xtdcomment x ON x.comment_ptr_id = c.id
LEFT JOIN comments_tribunecomment t ON t.xtdcomment_ptr_id = c.id
ORDER BY c.id
"""


@dataclass
class StoredComment:
    id: int
    text: str
    object_pk: str
    thread_id: int | None
    parent_id: int | None
    level: int | None
    path: str | None
    nested_count: int | None
    status: str | None
    decisions: int


def stored_comments(conn) -> list[StoredComment]:
    return [StoredComment(*row) for row in conn.execute(COMMENTS_SQL).fetchall()]


def thread_problems(comments: list[StoredComment], depth_limit: int = DEPTH_LIMIT) -> list[str]:
    """Every way in which the stored threads are inconsistent (an empty list when none).

    Checks: paths are distinct within a thread; a reply's path extends its parent's; a preorder
    walk by path meets each comment inside its parent's subtree; nested_count is the real
    number of descendants; level is the parent's level + 1 and within the depth limit.
    """
    problems: list[str] = []
    by_id = {c.id: c for c in comments}
    threads: dict[int, list[StoredComment]] = {}
    for c in comments:
        if c.thread_id is None:
            problems.append(f"comment {c.id} has no xtd row (half-written)")
            continue
        threads.setdefault(c.thread_id, []).append(c)

    for thread_id, members in threads.items():
        root = by_id.get(thread_id)
        if root is None or root.parent_id != root.id or root.level != 0:
            problems.append(f"thread {thread_id}: its root is missing or not a root")
        paths = [c.path for c in members]
        if None in paths or len(set(paths)) != len(members):
            problems.append(f"thread {thread_id}: paths {sorted(map(str, paths))} not distinct")
        # Preorder walk: the stack holds the path from the root to the previous comment.
        stack: list[int] = []
        for c in sorted(members, key=lambda c: c.path or ""):
            if c.parent_id == c.id:
                if stack:
                    problems.append(f"thread {thread_id}: a second root {c.id}")
                stack = [c.id]
                continue
            while stack and stack[-1] != c.parent_id:
                stack.pop()
            if not stack:
                problems.append(
                    f"thread {thread_id}: comment {c.id} (path {c.path}) is not inside the "
                    f"subtree of its parent {c.parent_id}"
                )
                stack = [c.id]
                continue
            stack.append(c.id)

    children: dict[int, list[int]] = {}
    for c in comments:
        if c.parent_id is not None and c.parent_id != c.id:
            children.setdefault(c.parent_id, []).append(c.id)

    def descendants(comment_id: int) -> int:
        pending, count = list(children.get(comment_id, [])), 0
        while pending:
            count += 1
            pending.extend(children.get(pending.pop(), []))
        return count

    for c in comments:
        if c.thread_id is None:
            continue
        if c.nested_count != descendants(c.id):
            problems.append(
                f"comment {c.id}: nested_count {c.nested_count}, real descendants "
                f"{descendants(c.id)}"
            )
        if c.parent_id == c.id:
            continue
        parent = by_id.get(c.parent_id)
        if parent is None:
            problems.append(f"comment {c.id}: parent {c.parent_id} does not exist")
            continue
        if parent.thread_id != c.thread_id:
            problems.append(f"comment {c.id}: thread {c.thread_id}, parent's {parent.thread_id}")
        if not (c.path or "").startswith(parent.path or "-") or c.path == parent.path:
            problems.append(f"comment {c.id}: path {c.path} not below parent's {parent.path}")
        if c.level != parent.level + 1:
            problems.append(f"comment {c.id}: level {c.level}, parent's level {parent.level}")
        if c.level > depth_limit:
            problems.append(f"comment {c.id}: level {c.level} above the limit {depth_limit}")
    return problems
