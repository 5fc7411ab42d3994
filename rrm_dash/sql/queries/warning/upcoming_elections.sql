-- The elections to assess for risk: every election the viewer may see whose watch window is open
-- on $as_of or opens within $horizon_days after it (postponed ones left out), of the targeted
-- members only when $members is not empty; soonest vote first, with labels in both languages.
-- Parameters: $as_of (date), $horizon_days (integer), $members (varchar[]).
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
    election.watch_window_start,
    election.watch_window_end
from scoped_election() as election
join member on member.member_code = election.country
left join vocabulary as kind
    on kind.vocabulary = 'election_type' and kind.code = election.election_type
where election.status <> 'postponed'
  and election.watch_window_end >= $as_of::date
  and election.watch_window_start <= $as_of::date + $horizon_days::integer
  and (len($members::varchar[]) = 0 or list_contains($members::varchar[], election.country))
order by election.date_start, election.country, election.round, election.election_id
