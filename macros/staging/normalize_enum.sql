{#
    Maps case and whitespace variants of a case-sensitive value back to its
    documented spelling: normalize_enum('status', ['Open', 'Won', 'Lost'])
    turns 'won', 'WON' and 'Won' into 'Won'. Takes trimmed text (staging_text
    trims each value once), so ' WON ' has become 'WON' before it gets here.
    Empty text becomes null; any other value becomes null too, and staging
    flags it as an unknown value.
#}
{% macro normalize_enum(expression, accepted_values) -%}
    case lower({{ expression }})
        {%- for value in accepted_values %}
        when '{{ value | lower }}' then '{{ value }}'
        {%- endfor %}
    end
{%- endmacro %}
