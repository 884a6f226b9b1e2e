// @ts-check

/**
 * History says what change events say: `assignment.added|removed|paused|resumed`
 * instead of `project.assigned|removed|paused|resumed`. Readers still accept the
 * old names (an older replica may write them during a rolling deploy).
 */
const RENAMES = [
  ['project.assigned', 'assignment.added'],
  ['project.removed', 'assignment.removed'],
  ['project.paused', 'assignment.paused'],
  ['project.resumed', 'assignment.resumed'],
];

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  for (const [before, after] of RENAMES) {
    await knex('integration_events')
      .where({ action: before })
      .update({ action: after });
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const [before, after] of RENAMES) {
    await knex('integration_events')
      .where({ action: after })
      .update({ action: before });
  }
};
