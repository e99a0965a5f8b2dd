{#
    Parsing untrusted raw text. dbt.safe_cast is not safe on these engines
    (PostgreSQL has no try_cast; Spark 4 runs in ANSI mode where cast raises),
    so every raw value is parsed here: the text must match a strict pattern
    first, and only then is it cast. Anything else becomes null, and the
    staging model decides whether a null is a fault (quarantine) or allowed.

    The parsers take text that is already trimmed (staging_text trims each
    value once): a surrounding space fails the pattern. Trimming again here
    cost more than the pattern itself (at scale 10, trimming 2.4M trimmed
    timestamps twice more took ~0.3 s CPU of the ~1.1 s of their parse).
#}

{% macro parse_number(expression) -%}
    case
        when {{ regex_matches(expression, '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$') }}
            then cast({{ expression }} as {{ type_double() }})
    end
{%- endmacro %}

{#- 8-byte float on every engine: dbt.type_float() renders `float`, which is a
    4-byte REAL on DuckDB and Spark (1234567.89 would become 1234567.88 as money). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'revops')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{% macro parse_integer(expression) -%}
    case
        when {{ regex_matches(expression, '^[+-]?[0-9]{1,18}$') }}
            then cast({{ expression }} as {{ dbt.type_bigint() }})
    end
{%- endmacro %}

{% macro parse_date(expression) -%}
    {{ return(adapter.dispatch('parse_date', 'revops')(expression)) }}
{%- endmacro %}

{% macro default__parse_date(expression) -%}
    case
        when {{ regex_matches(expression, '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$') }}
            then try_cast({{ expression }} as date)
    end
{%- endmacro %}

{% macro postgres__parse_date(expression) -%}
    {#- PostgreSQL has no try_cast and to_date raises on 2023-02-30 (older versions rolled it over to
        March), so the day is checked against the length of its month before the cast; nested cases
        because only case guarantees the order of evaluation. -#}
    case
        when {{ expression }} ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
            then case when {{ postgres_day_in_month(expression) }} then cast({{ expression }} as date) end
    end
{%- endmacro %}

{#- The day of a text that starts `YYYY-MM-DD` (month already checked) exists in its month. -#}
{% macro postgres_day_in_month(expression) -%}
    cast(substr({{ expression }}, 9, 2) as integer)
    <= extract(day from cast(substr({{ expression }}, 1, 7) || '-01' as date) + interval '1 month' - interval '1 day')
{%- endmacro %}

{% macro parse_timestamp(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp', 'revops')(expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp(expression) -%}
    case
        when {{ regex_matches(expression, '^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}$') }}
            then try_cast(replace({{ expression }}, 'T', ' ') as {{ dbt.type_timestamp() }})
    end
{%- endmacro %}

{% macro postgres__parse_timestamp(expression) -%}
    case
        when {{ expression }} ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$'
            then case
                when {{ postgres_day_in_month(expression) }} then cast(replace({{ expression }}, 'T', ' ') as timestamp)
            end
    end
{%- endmacro %}

{#
    Repairs of the export habits whose clean value is recoverable, applied to
    trimmed text before the strict parse above: thousands separators in numbers
    (`1,234.50` -> `1234.50`), and the two day-first / month-first spreadsheet
    date formats (`MM/DD/YYYY`, `DD.MM.YYYY` -> `YYYY-MM-DD`). Anything else is
    returned unchanged, so the strict parse still decides. A cheap `like` on the
    shape comes first, so the regular expression only runs on the few candidates.
#}
{% macro repair_number_text(expression) -%}
    case
        when {{ expression }} like '%,%'
            and {{ regex_matches(expression, '^[+-]?[0-9]{1,3}(,[0-9]{3})+([.][0-9]*)?$') }}
            then replace({{ expression }}, ',', '')
        else {{ expression }}
    end
{%- endmacro %}

{% macro repair_date_text(expression) -%}
    case
        when {{ expression }} like '__/__/____%' and {{ regex_matches(expression, '^[0-9]{2}/[0-9]{2}/[0-9]{4}') }}
            then substr({{ expression }}, 7, 4) || '-' || substr({{ expression }}, 1, 2) || '-'
            || substr({{ expression }}, 4, 2) || substr({{ expression }}, 11)
        when {{ expression }} like '__.__.____%' and {{ regex_matches(expression, '^[0-9]{2}[.][0-9]{2}[.][0-9]{4}') }}
            then substr({{ expression }}, 7, 4) || '-' || substr({{ expression }}, 4, 2) || '-'
            || substr({{ expression }}, 1, 2) || substr({{ expression }}, 11)
        else {{ expression }}
    end
{%- endmacro %}
