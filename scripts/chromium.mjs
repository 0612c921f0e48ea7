// Finds a Chromium/Chrome for the e2e tests; installs Debian's `chromium` when run as root and none
// is found. CHROMIUM_PATH overrides. Prints the path; exits 1 with what to do when there is none.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export function findChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override} does not exist.`);
    return override;
  }
  return CANDIDATES.find((p) => existsSync(p));
}

function aptInstall(packages) {
  console.error(`comam-lab: installing ${packages.join(' ')} with apt-get…`);
  execSync('apt-get update -qq', { stdio: 'inherit' });
  execSync(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`, { stdio: 'inherit' });
}

export function ensureChromium() {
  let path = findChromium();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!path && isRoot && existsSync('/usr/bin/apt-get')) {
    // libvulkan1 lets Chromium's SwiftShader WebGPU (and Node's `webgpu` package) find a Vulkan driver.
    aptInstall(['chromium', 'libvulkan1']);
    path = findChromium();
  }
  if (!path) {
    throw new Error(
      'No Chromium or Chrome found. Install one (Debian: apt-get install chromium) or set CHROMIUM_PATH.',
    );
  }
  if (isRoot && existsSync('/usr/bin/apt-get') && !existsSync('/usr/lib/x86_64-linux-gnu/libvulkan.so.1') && !existsSync('/usr/lib/aarch64-linux-gnu/libvulkan.so.1')) {
    aptInstall(['libvulkan1']);
  }
  return path;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureChromium());
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
