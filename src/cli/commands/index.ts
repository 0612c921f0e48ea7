// The frozen registry of CLI commands, in the order --help lists them.

import type { Command } from '../io';
import { creditCommand } from './credit';
import { dataCommand } from './data';
import { doctorCommand } from './doctor';
import { evalCommand } from './eval';
import { exportCommand, importCommand } from './export';
import { modelCommand } from './model';
import { trainCommand } from './train';

export const COMMANDS: readonly Command[] = Object.freeze([doctorCommand, dataCommand, modelCommand, creditCommand, trainCommand, evalCommand, exportCommand, importCommand]);
