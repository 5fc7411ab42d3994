-- Groupings that are members but not ISO countries (NATO), then ISO alpha-3 codes and the
-- representative points of data/reference/country_geo.csv, used to place countries on maps.
insert into country (country_code, name_en, name_fr)
select member_code, name_en, name_fr from member
where status <> 'secretariat' and member_code not in (select country_code from country);
update country
set iso3 = nullif(geo.iso3, ''), latitude = geo.latitude::double, longitude = geo.longitude::double
from read_csv(getvariable('reference_dir') || '/country_geo.csv', header = true, all_varchar = true) as geo
where geo.iso2 = country.country_code;
