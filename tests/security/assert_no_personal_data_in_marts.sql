{#
    Personal data (contact names, emails, phones) never reaches marts unmasked (SPEC section 8): fails
    with one row per mart column whose name marks personal data. Engine-neutral: it reads the column
    lists of the models published to schema marts (models/marts and models/reports) from the dbt graph
    (every one has an enforced contract, so its yml columns are exactly its table's columns). A contact is referenced by contact_id only. Counts
    such as email_count are not personal data and do not match.
#}
{%- set exact_names = [
    'contact_name', 'contact_email', 'contact_phone', 'email', 'email_address', 'phone',
    'phone_number', 'mobile', 'mobile_phone', 'first_name', 'last_name', 'full_name',
] -%}
{%- set suffixes = ['_email', '_email_address', '_phone', '_phone_number', '_first_name', '_last_name'] -%}
{%- set findings = [] -%}
{%- if execute -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.schema == 'marts' -%}
            {%- for column_name in node.columns.keys() -%}
                {%- set name = column_name | lower -%}
                {%- set ns = namespace(hit=name in exact_names) -%}
                {%- for suffix in suffixes -%}
                    {%- if name.endswith(suffix) -%}{%- set ns.hit = true -%}{%- endif -%}
                {%- endfor -%}
                {%- if ns.hit -%}{%- do findings.append((node.name, name)) -%}{%- endif -%}
            {%- endfor -%}
        {%- endif -%}
    {%- endfor -%}
{%- endif -%}

with

findings as (

    select
        cast(null as {{ dbt.type_string() }}) as model_name,
        cast(null as {{ dbt.type_string() }}) as column_name
    where 1 = 0
    {%- for model_name, column_name in findings %}
        union all
        select
            '{{ model_name }}' as model_name,
            '{{ column_name }}' as column_name
    {%- endfor %}

)

select * from findings
