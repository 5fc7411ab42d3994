-- The most restrictive TLP marking among the records a briefing shows besides its incidents
-- (rrm_dash/queries/daily.py gives theirs): the responses of the filtered period whose status it
-- counts, and the actors, narratives and elections it names.
-- Parameters: $actor_ids, $narrative_ids, $election_ids (varchar[]).
with shown as (
    select tlp from filtered_response()
    union all
    select tlp from scoped_actor() where list_contains($actor_ids::varchar[], actor_id)
    union all
    select tlp from scoped_narrative()
    where list_contains($narrative_ids::varchar[], narrative_id)
    union all
    select tlp from scoped_election() where list_contains($election_ids::varchar[], election_id)
)
select max(tlp_rank(tlp)) as highest_rank from shown
