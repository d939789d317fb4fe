// README.md must stay true: its demo-login table is the seed's list, and the
// commands it promises exist in package.json.
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../packages/db/src/seed/index';

const root = path.resolve(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const scripts = (
  JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  }
).scripts;

describe('README.md', () => {
  it('lists exactly the seeded demo logins and their password', () => {
    const table = readme.slice(
      readme.indexOf('<!-- demo-logins:start -->'),
      readme.indexOf('<!-- demo-logins:end -->'),
    );
    const emails = [...table.matchAll(/\| `([^`]+@[^`]+)` \|/g)].map((match) => match[1]);
    expect(emails).toEqual(DEMO_LOGINS.map((login) => login.email));
    expect(readme).toContain(`\`${DEMO_PASSWORD}\``);
  });

  it('documents only scripts that exist', () => {
    const documented = [...readme.matchAll(/`npm run ([a-z:-]+)/g)].map((match) => match[1]!);
    expect(documented.length).toBeGreaterThan(5);
    expect(documented.filter((name) => !(name in scripts))).toEqual([]);
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
  });
});
