// The frozen registry of CLI commands, in the order --help lists them.

import type { Command } from '../io';
import { dataCommand } from './data';
import { doctorCommand } from './doctor';

export const COMMANDS: readonly Command[] = Object.freeze([doctorCommand, dataCommand]);
