-- The codes of one controlled vocabulary, in display order. Parameters: $vocabulary.
select code, label_en, label_fr, parent
from vocabulary
where vocabulary = $vocabulary
order by rank
