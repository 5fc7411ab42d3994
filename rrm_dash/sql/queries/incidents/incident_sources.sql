-- The sources documenting one visible incident, newest first. Parameters: $incident_id (text).
select
    source.url,
    source.archive_url,
    category.label_en as category_en,
    category.label_fr as category_fr,
    source.is_claim,
    source.published_on
from scoped_incident_source() as source
left join vocabulary as category
    on category.vocabulary = 'source_category' and category.code = source.source_category
where source.incident_id = $incident_id
order by source.published_on desc nulls last, source.url
