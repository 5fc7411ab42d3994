-- Incidents of the filtered set per DISARM technique, laid out like the DISARM Navigator: one
-- column per tactic (in the framework's display rank), its techniques stacked by count then id.
-- Parameters: $sub_techniques (boolean): false rolls each sub-technique up into its parent
-- technique (an incident counts once per technique); true counts every id on its own.
-- A tactic chosen in the filter bar narrows the columns to the chosen tactics.
-- An incident's technique_ids are distinct, and its technique_roots are its techniques with
-- sub-techniques rolled up (distinct): either list counts an incident once per id.
with tagged as (
    select unnest(
        case when $sub_techniques::boolean then technique_ids else technique_roots end
    ) as disarm_id
    from filtered_incident()
),
counted as (
    select disarm_id, count(*) as incidents
    from tagged
    where disarm_id in (select disarm_id from disarm_technique)
    group by disarm_id
),
shown as (
    select technique.disarm_id, technique.name, technique.tactic_id, technique.parent_id
    from disarm_technique as technique
    where ($sub_techniques::boolean or technique.parent_id is null)
      and (not technique.retired or technique.disarm_id in (select disarm_id from counted))
)
select
    tactic.tactic_id,
    tactic.name as tactic_name,
    tactic.rank as tactic_rank,
    shown.disarm_id,
    shown.name,
    shown.parent_id,
    coalesce(counted.incidents, 0) as incidents,
    row_number() over (
        partition by tactic.tactic_id
        order by coalesce(counted.incidents, 0) desc, shown.disarm_id
    ) as position
from shown
join disarm_tactic as tactic using (tactic_id)
left join counted using (disarm_id)
where filter_allows(incident_filter().tactics, tactic.tactic_id)
order by tactic.rank, position
