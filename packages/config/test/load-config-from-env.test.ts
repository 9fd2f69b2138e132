import { relative } from 'node:path';
import { CONFIG_ENV, ConfigFileError, loadConfigFromEnv } from '../src';
import { lines, tempFiles } from './temp-files';

const files = tempFiles();
afterAll(() => files.remove());

const EMAIL_ONLY = lines(
  'destinations:',
  '  - name: sales-email',
  '    type: email',
  '    smtpUrlEnv: SMTP_URL',
  '    from: leads@contoso.example',
  '    to: [sales@contoso.example]',
);

describe('the configuration file named by LEADBRIDGE_CONFIG', () => {
  it('when LEADBRIDGE_CONFIG is unset or empty, there is no file configuration', () => {
    expect(loadConfigFromEnv({})).toBeUndefined();
    expect(loadConfigFromEnv({ [CONFIG_ENV]: '  ' })).toBeUndefined();
  });

  it('when LEADBRIDGE_CONFIG names a relative path, it is taken from the working directory', () => {
    const path = files.write('leadbridge.config.yaml', EMAIL_ONLY);

    const config = loadConfigFromEnv({ [CONFIG_ENV]: relative(process.cwd(), path) });

    expect(config?.source).toEqual({ kind: 'file', path });
    expect(config?.destinations.map(({ name }) => name)).toEqual(['sales-email']);
  });

  it('when LEADBRIDGE_CONFIG names a file that does not exist, the error says who named it', () => {
    const path = `${files.dir}/nowhere.yaml`;

    expect(() => loadConfigFromEnv({ [CONFIG_ENV]: path })).toThrow(
      new ConfigFileError(path, [
        {
          path: '',
          message:
            'cannot read the configuration file named by LEADBRIDGE_CONFIG: there is no such file',
        },
      ]),
    );
  });
});
