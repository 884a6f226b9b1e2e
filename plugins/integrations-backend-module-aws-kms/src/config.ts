import { Config } from '@backstage/config';

/** Where `integrationsHub.encryption.awsKms` lives in app-config. */
const CONFIG_PATH = 'integrationsHub.encryption.awsKms';

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

export interface AwsKmsConfig {
  keyId: string;
  region?: string;
  endpoint?: string;
  previousKeyArns: string[];
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  maxAttempts: number;
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
  };
}

/** The region of a key ARN, or undefined for an id or alias. */
export function regionOfKeyArn(keyId: string): string | undefined {
  return KEY_ARN.exec(keyId)?.[1];
}

export function readAwsKmsConfig(root: Config): AwsKmsConfig {
  const config = root.getOptionalConfig(CONFIG_PATH);
  if (!config) {
    throw new Error(
      `The aws-kms key provider needs ${CONFIG_PATH}.keyId: the ARN or alias of a symmetric KMS key`,
    );
  }
  const previousKeyArns =
    config.getOptionalStringArray('previousKeyArns') ?? [];
  for (const [index, arn] of previousKeyArns.entries()) {
    if (!regionOfKeyArn(arn)) {
      throw new Error(
        `${CONFIG_PATH}.previousKeyArns[${index}] must be a key ARN (arn:aws:kms:<region>:<account>:key/<id>)`,
      );
    }
  }
  const credentials = config.getOptionalConfig('credentials');
  return {
    keyId: config.getString('keyId'),
    region: config.getOptionalString('region'),
    endpoint: config.getOptionalString('endpoint'),
    previousKeyArns,
    connectTimeoutMs: positive(config, 'connectTimeoutMs', 1000),
    requestTimeoutMs: positive(config, 'requestTimeoutMs', 5000),
    maxAttempts: positive(config, 'maxAttempts', 3),
    credentials: credentials && {
      accessKeyId: credentials.getString('accessKeyId'),
      secretAccessKey: credentials.getString('secretAccessKey'),
      sessionToken: credentials.getOptionalString('sessionToken'),
    },
  };
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${CONFIG_PATH}.${key} must be a positive integer`);
  }
  return value;
}
