-- Who one visible incident targets: category, gender and vulnerable group, labelled.
-- Parameters: $incident_id (text).
select
    category.label_en as category_en,
    category.label_fr as category_fr,
    gender.label_en as gender_en,
    gender.label_fr as gender_fr,
    vulnerable.label_en as vulnerable_group_en,
    vulnerable.label_fr as vulnerable_group_fr
from scoped_incident_target() as target
left join vocabulary as category
    on category.vocabulary = 'target_category' and category.code = target.target_category
left join vocabulary as gender
    on gender.vocabulary = 'gender' and gender.code = target.gender
left join vocabulary as vulnerable
    on vulnerable.vocabulary = 'vulnerable_group' and vulnerable.code = target.vulnerable_group
where target.incident_id = $incident_id
order by category.rank, gender.rank, vulnerable.rank
