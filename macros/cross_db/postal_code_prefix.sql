{#
    Two-digit postal prefix that keys seeds/territory_postal_prefixes: the
    postal code (ZIP+4 suffix dropped) left-padded with zeros to five digits,
    so '02139', '2139' (leading zero lost by a spreadsheet) and '02139-4307'
    all give '02'. Codes that do not start with digits give null (no
    territory) rather than a wrong match. lpad, substr and the project's
    regex_matches behave the same on DuckDB, PostgreSQL and Spark.
#}
{% macro postal_code_prefix(expression) -%}
    case
        when {{ regex_matches('trim(' ~ expression ~ ')', '^[0-9]{1,5}(-[0-9]{4})?$') }}
            then substr(lpad({{ dbt.split_part('trim(' ~ expression ~ ')', "'-'", 1) }}, 5, '0'), 1, 2)
    end
{%- endmacro %}
