-- Every election the viewer may see (of the targeted members only when $members is not empty):
-- upcoming ones first (soonest first), then past ones (latest first), with labels in both languages.
-- Parameters: $today (date), $members (varchar[]).
select
    election.election_id,
    election.country,
    member.name_en as country_en,
    member.name_fr as country_fr,
    election.election_type,
    kind.label_en as election_type_en,
    kind.label_fr as election_type_fr,
    election.body_en,
    election.body_fr,
    election.date_start,
    election.date_end,
    election.round,
    election.status,
    status.label_en as status_en,
    status.label_fr as status_fr,
    election.watch_window_start,
    election.watch_window_end,
    election.date_end >= $today::date as upcoming,
    $today::date between election.watch_window_start and election.watch_window_end as in_watch_window,
    election.date_start - $today::date as days_to_vote
from scoped_election() as election
join member on member.member_code = election.country
left join vocabulary as kind
    on kind.vocabulary = 'election_type' and kind.code = election.election_type
left join vocabulary as status
    on status.vocabulary = 'election_status' and status.code = election.status
where len($members::varchar[]) = 0 or list_contains($members::varchar[], election.country)
order by
    upcoming desc,
    case when upcoming then election.date_start end asc,
    case when not upcoming then election.date_start end desc,
    election.country,
    election.round
