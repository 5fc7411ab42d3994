-- Elections of members and observers still to come or under way: the last voting day is today
-- or later and the first is within $horizon_days. Parameters: $today (date), $horizon_days (integer).
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
    $today::date between election.watch_window_start and election.watch_window_end as in_watch_window,
    election.date_start - $today::date as days_to_vote
from scoped_election() as election
join member on member.member_code = election.country
left join vocabulary as kind
    on kind.vocabulary = 'election_type' and kind.code = election.election_type
left join vocabulary as status
    on status.vocabulary = 'election_status' and status.code = election.status
where election.date_end >= $today::date
  and election.date_start <= $today::date + $horizon_days::integer
order by election.date_start, election.country, election.round
