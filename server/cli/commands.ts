// Commands of later domains (recharges) register here, keeping main.ts about parsing and printing.
import type { Command } from "./main";

export const extraCommands: Record<string, Command> = {};
