-- The most restrictive TLP marking among what a briefing shows: the filtered incidents its
-- figures, charts and alerts count (when $incidents; the filters' period spans them all), the
-- responses whose status it counts (when $responses), and the actors, narratives and elections
-- it names. Parameters: $incidents (boolean), $responses (boolean), $actor_ids,
-- $narrative_ids, $election_ids (varchar[]).
with shown as (
    select tlp from filtered_incident() where $incidents::boolean
    union all
    select tlp from filtered_response() where $responses::boolean
    union all
    select tlp from scoped_actor() where list_contains($actor_ids::varchar[], actor_id)
    union all
    select tlp from scoped_narrative()
    where list_contains($narrative_ids::varchar[], narrative_id)
    union all
    select tlp from scoped_election() where list_contains($election_ids::varchar[], election_id)
)
select max(tlp_rank(tlp)) as highest_rank from shown
