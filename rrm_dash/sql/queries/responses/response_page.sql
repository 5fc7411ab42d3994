-- One page of the coordinated responses the filter bar selects (proposed in its period, led or
-- joined by one of its targeted members), newest proposal first, with labels in both languages,
-- members' positions as names, and the number of linked incidents the viewer may see.
-- Parameters: $limit (integer), $offset (integer).
with chosen as (
    select response.*
    from filtered_response() as response
),
page as (
    select *
    from chosen
    order by proposed_at desc, response_id
    limit $limit::integer offset $offset::integer
),
positions as (
    select
        link.response_id,
        string_agg(member.name_en, ', ' order by member.member_code)
            filter (where link.position = 'join') as joining_en,
        string_agg(member.name_fr, ', ' order by member.member_code)
            filter (where link.position = 'join') as joining_fr,
        string_agg(member.name_en, ', ' order by member.member_code)
            filter (where link.position = 'decline') as declining_en,
        string_agg(member.name_fr, ', ' order by member.member_code)
            filter (where link.position = 'decline') as declining_fr,
        string_agg(member.name_en, ', ' order by member.member_code)
            filter (where link.position = 'abstain') as abstaining_en,
        string_agg(member.name_fr, ', ' order by member.member_code)
            filter (where link.position = 'abstain') as abstaining_fr
    from scoped_response_member() as link
    join member using (member_code)
    where link.response_id in (select response_id from page)
    group by link.response_id
),
linked as (
    select response_id, count(*) as linked_incidents
    from scoped_response_incident()
    where response_id in (select response_id from page)
    group by response_id
)
select
    page.response_id,
    page.title,
    page.response_type,
    kind.label_en as type_en,
    kind.label_fr as type_fr,
    page.lead_member,
    lead.name_en as lead_en,
    lead.name_fr as lead_fr,
    page.status,
    status.label_en as status_en,
    status.label_fr as status_fr,
    page.proposed_at,
    page.agreed_at,
    page.executed_at,
    page.closed_at,
    positions.joining_en,
    positions.joining_fr,
    positions.declining_en,
    positions.declining_fr,
    positions.abstaining_en,
    positions.abstaining_fr,
    coalesce(linked.linked_incidents, 0) as linked_incidents,
    page.effectiveness,
    effect.label_en as effectiveness_en,
    effect.label_fr as effectiveness_fr,
    page.outcome,
    page.tlp
from page
left join member as lead on lead.member_code = page.lead_member
left join vocabulary as kind
    on kind.vocabulary = 'response_type' and kind.code = page.response_type
left join vocabulary as status
    on status.vocabulary = 'response_status' and status.code = page.status
left join vocabulary as effect
    on effect.vocabulary = 'response_effectiveness' and effect.code = page.effectiveness
left join positions using (response_id)
left join linked using (response_id)
order by page.proposed_at desc, page.response_id
