{#
    PostgreSQL access control for BI readers (SPEC section 8). Every macro dispatches: the default
    implementation returns an empty string, so the hooks are no-ops on DuckDB and Spark (dbt skips an
    empty hook).

    Roles (cluster-wide, NOLOGIN group roles, created when missing):
      reporting          SELECT on every marts table, USAGE on schema marts; nothing on raw, staging,
                         intermediate, audit.
      territory_manager  SELECT on the territory-scoped marts (every mart with a territory_id column)
                         with row-level security: a member sees only the rows of the territories mapped
                         to its login in marts.territory_manager_access (role_name, territory_id).

    When the hooks run:
      on-run-start  security_on_run_start(): roles, schema marts, the access-mapping table (created
                    if missing and never rebuilt by dbt, so administrators' mappings survive rebuilds).
      each mart     +grants (dbt_project.yml, PostgreSQL only): SELECT to reporting; and the post-hook
                    security_marts_post_hook(): territory_manager grant + row-level security. Both run
                    inside the model's transaction, after the rename of __dbt_tmp and before COMMIT,
                    so the new table becomes visible to readers already granted and already secured.
      on-run-end    security_on_run_end(): schema usage on marts, revokes on the other schemas.

    Users are made members: `create role alice login password '...' in role reporting;`
    `insert into marts.territory_manager_access values ('bob', 'T01'); grant territory_manager to bob;`
#}

{% macro security_reader_roles() -%}
    {{ return(['reporting', 'territory_manager']) }}
{%- endmacro %}

{% macro security_private_schemas() -%}
    {{ return(['raw', 'staging', 'intermediate', 'audit']) }}
{%- endmacro %}


{# ------------------------------------------------------------------ on-run-start #}

{% macro security_on_run_start() -%}
    {{ return(adapter.dispatch('security_on_run_start')()) }}
{%- endmacro %}

{% macro default__security_on_run_start() -%}
{%- endmacro %}

{% macro postgres__security_on_run_start() -%}
    {%- for role in security_reader_roles() %}
do $security$
begin
    if not exists (select 1 from pg_catalog.pg_roles where rolname = '{{ role }}') then
        create role {{ role }} nologin;
    end if;
exception
    when duplicate_object or unique_violation then null;  -- created concurrently by another build
    when insufficient_privilege then
        raise warning 'revops security: cannot create role {{ role }} (needs CREATEROLE); grants to it will fail';
end
$security$;
    {%- endfor %}
create schema if not exists marts;
create table if not exists marts.territory_manager_access (
    role_name text not null,
    territory_id text not null,
    primary key (role_name, territory_id)
);
comment on table marts.territory_manager_access is
    'Row-level security mapping: login role -> territory it may see in the territory-scoped marts. Maintained by administrators; dbt creates it if missing and never rebuilds it.';
revoke all on marts.territory_manager_access from public;
grant select on marts.territory_manager_access to reporting, territory_manager;
alter table marts.territory_manager_access enable row level security;
drop policy if exists reporting_all_rows on marts.territory_manager_access;
create policy reporting_all_rows on marts.territory_manager_access
    for select to reporting using (true);
drop policy if exists territory_manager_own_rows on marts.territory_manager_access;
create policy territory_manager_own_rows on marts.territory_manager_access
    for select to territory_manager using (role_name = current_user);
{%- endmacro %}


{# ------------------------------------------------------------------ per mart (post-hook) #}

{% macro security_marts_post_hook() -%}
    {{ return(adapter.dispatch('security_marts_post_hook')()) }}
{%- endmacro %}

{% macro default__security_marts_post_hook() -%}
{%- endmacro %}

{% macro postgres__security_marts_post_hook() -%}
    {%- set columns = model.columns.keys() | map('lower') | list -%}
    {%- if model.resource_type == 'model' and 'territory_id' in columns -%}
grant select on {{ this }} to territory_manager;
alter table {{ this }} enable row level security;
drop policy if exists reporting_all_rows on {{ this }};
create policy reporting_all_rows on {{ this }}
    for select to reporting using (true);
drop policy if exists territory_manager_own_territories on {{ this }};
create policy territory_manager_own_territories on {{ this }}
    for select to territory_manager
    using (
        territory_id in (
            select access.territory_id
            from marts.territory_manager_access as access
            where access.role_name = current_user
        )
    );
    {%- endif -%}
{%- endmacro %}


{# ------------------------------------------------------------------ on-run-end #}

{% macro security_on_run_end() -%}
    {{ return(adapter.dispatch('security_on_run_end')()) }}
{%- endmacro %}

{% macro default__security_on_run_end() -%}
{%- endmacro %}

{% macro postgres__security_on_run_end() -%}
    {%- set roles = security_reader_roles() | join(', ') %}
do $security$
declare
    schema_name text;
begin
    if exists (select 1 from pg_catalog.pg_namespace where nspname = 'marts') then
        grant usage on schema marts to {{ roles }};
        revoke create on schema marts from public;
        grant select on all tables in schema marts to reporting;
    end if;
    foreach schema_name in array array[{% for s in security_private_schemas() %}'{{ s }}'{% if not loop.last %}, {% endif %}{% endfor %}] loop
        if exists (select 1 from pg_catalog.pg_namespace where nspname = schema_name) then
            execute format('revoke all on schema %I from public, {{ roles }}', schema_name);
            execute format('revoke all on all tables in schema %I from public, {{ roles }}', schema_name);
            execute format('alter default privileges in schema %I revoke all on tables from public', schema_name);
        end if;
    end loop;
end
$security$;
{%- endmacro %}
