-- Elections the viewer may see whose watch window overlaps the period, for the timeline overlay:
-- only the targeted members' elections when $members is not empty, only $election when given.
-- Parameters: $period_start (date), $period_end (date), $members (varchar[]), $election (varchar or null).
select
    election.election_id,
    election.country,
    member.name_en as country_en,
    member.name_fr as country_fr,
    election.body_en,
    election.body_fr,
    election.date_start,
    election.date_end,
    election.round,
    election.watch_window_start,
    election.watch_window_end
from scoped_election() as election
join member on member.member_code = election.country
where election.watch_window_start <= $period_end::date
  and election.watch_window_end >= $period_start::date
  and (len($members::varchar[]) = 0 or list_contains($members::varchar[], election.country))
  and ($election::varchar is null or election.election_id = $election::varchar)
order by election.date_start, election.country, election.round
