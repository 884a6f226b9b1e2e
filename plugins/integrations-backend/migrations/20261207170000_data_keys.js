// @ts-check

/**
 * Envelope encryption: credential values are sealed under data keys, and this
 * table holds each data key only as its key provider wrapped it under a
 * key-encryption key (KEK). Values sealed directly under the config keyring
 * (`v1.`) stay readable; a background task moves them over.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('integration_data_keys', table => {
    table
      .string('id', 36)
      .primary()
      .comment('Named in each value sealed under it');
    table
      .string('provider', 64)
      .notNullable()
      .comment(
        'Id of the key provider that wrapped it: keyring, pkcs11, aws-kms',
      );
    table
      .string('kek_id', 2048)
      .notNullable()
      .comment(
        'The KEK it is wrapped under: keyring key id, HSM key label, KMS key ARN',
      );
    table.text('wrapped').notNullable().comment("The provider's own encoding");
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('rewrapped_at', { useTz: true }).nullable();
    table.index(
      ['provider', 'created_at'],
      'integration_data_keys_provider_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('integration_data_keys');
};
