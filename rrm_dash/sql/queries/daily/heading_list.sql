-- The G7 headings in their order, with their labels.
select code as heading, label_en, label_fr
from vocabulary
where vocabulary = 'heading'
order by rank
