{#
    The vocabularies a seed also holds equal the seed's values. Staging repairs
    raw spellings to vocabulary() at compile time while the marts join the
    seeds, so a bundle, stage or lead source added to one and not the other
    would be nulled in staging or lost in a join. One row per value found on
    one side only: the vocabulary, the seed, the value and the side.
#}
{%- set checks = [
    {'vocabulary': 'product_bundle', 'seed': ref('products'), 'column': 'product_bundle_code'},
    {'vocabulary': 'product_bundle', 'seed': ref('product_bundle_families'), 'column': 'product_bundle_code'},
    {'vocabulary': 'product_family', 'seed': ref('product_bundle_families'), 'column': 'product_family'},
    {'vocabulary': 'opportunity_stage', 'seed': ref('opportunity_stages'), 'column': 'stage_name'},
    {'vocabulary': 'forecast_category', 'seed': ref('opportunity_stages'), 'column': 'forecast_category'},
    {'vocabulary': 'lead_source', 'seed': ref('lead_source_channels'), 'column': 'lead_source',
        'where': "source_system = 'leads'"},
    {'vocabulary': 'opportunity_lead_source', 'seed': ref('lead_source_channels'), 'column': 'lead_source',
        'where': "source_system = 'opportunities'"},
    {'vocabulary': 'territory_region', 'seed': ref('territories'), 'column': 'region'},
    {'vocabulary': 'health_band', 'seed': ref('health_score_thresholds'), 'column': 'health_band'},
] -%}

{%- set listed_values = [] -%}
{%- for check in checks -%}
{%- set check_number = loop.index -%}
{%- for value in vocabulary(check.vocabulary) -%}
{%- do listed_values.append({'check_number': check_number, 'value': value}) -%}
{%- endfor -%}
{%- endfor %}

-- sqlfluff:indentation:template_blocks_indent:false
with

listed as (

    {% for listed in listed_values %}
    select
        {{ listed.check_number }} as check_number,
        '{{ listed.value }}' as listed_value
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

seeded as (

    {% for check in checks %}
    select distinct
        {{ loop.index }} as check_number,
        cast({{ check.column }} as {{ dbt.type_string() }}) as seeded_value
    from {{ check.seed }}
    {% if check.where %}where {{ check.where }}{% endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

names as (

    {% for check in checks %}
    select
        {{ loop.index }} as check_number,
        '{{ check.vocabulary }}' as vocabulary_name,
        '{{ check.seed.identifier }}' as seed_name
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

mismatches as (

    select
        coalesce(listed.check_number, seeded.check_number) as check_number,
        coalesce(listed.listed_value, seeded.seeded_value) as value_on_one_side,
        case when seeded.seeded_value is null then 'vocabulary only' else 'seed only' end as found_in
    from listed
    full outer join seeded
        on
            listed.check_number = seeded.check_number
            and listed.listed_value = seeded.seeded_value
    where
        listed.listed_value is null
        or seeded.seeded_value is null

)

select
    names.vocabulary_name,
    names.seed_name,
    mismatches.value_on_one_side,
    mismatches.found_in
from mismatches
inner join names
    on mismatches.check_number = names.check_number
