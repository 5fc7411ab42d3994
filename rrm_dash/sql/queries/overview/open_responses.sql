-- Coordinated responses still open (proposed or under consultation), oldest first, with how
-- long they have been open. Parameters: $today (date).
select
    response.response_id,
    response.title,
    response.status,
    status.label_en as status_en,
    status.label_fr as status_fr,
    kind.label_en as type_en,
    kind.label_fr as type_fr,
    lead.name_en as lead_en,
    lead.name_fr as lead_fr,
    response.proposed_at::date as proposed_on,
    $today::date - response.proposed_at::date as days_open
from scoped_response() as response
left join member as lead on lead.member_code = response.lead_member
left join vocabulary as status on status.vocabulary = 'response_status' and status.code = response.status
left join vocabulary as kind on kind.vocabulary = 'response_type' and kind.code = response.response_type
where response.status in ('proposed', 'under_consultation')
order by response.proposed_at
