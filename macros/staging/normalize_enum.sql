{#
    Maps case and whitespace variants of a case-sensitive value back to its
    documented spelling: normalize_enum('status', ['Open', 'Won', 'Lost'])
    turns 'won', ' WON ' and 'Won' into 'Won'. Empty text becomes null; any
    other value becomes null too, so the staging model can quarantine it as
    an unknown value (test with is_unknown_enum).
#}
{% macro normalize_enum(expression, accepted_values) -%}
    case lower(trim({{ expression }}))
        {%- for value in accepted_values %}
        when '{{ value | lower }}' then '{{ value }}'
        {%- endfor %}
    end
{%- endmacro %}

{#- True when the raw text is present but is none of the accepted values. -#}
{% macro is_unknown_enum(expression, accepted_values) -%}
    (nullif(trim({{ expression }}), '') is not null and {{ normalize_enum(expression, accepted_values) }} is null)
{%- endmacro %}
