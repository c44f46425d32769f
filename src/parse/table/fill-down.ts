/**
 * Stage 6: fill-down. A group cell merged over several indicators, or left empty under the one that
 * names the group, belongs to every row below it: an empty group cell continues the group above,
 * unless a higher level just started anew (a new 一级指标 with its 二级指标 cell empty starts empty).
 */
import { GROUP_ROLES, type GroupRole } from '../../vocabulary/index.js';
import type { RawIndicatorRow } from '../schema.js';
import type { IndicatorRowRead } from './indicator-rows.js';

type Groups = Partial<Record<GroupRole, string>>;

function fillGroups(own: Groups, above: Groups): Groups {
  const groups: Groups = {};
  let higherChanged = false;
  for (const role of GROUP_ROLES) {
    const printed = own[role];
    if (printed === undefined) continue;
    groups[role] = printed || (higherChanged ? '' : (above[role] ?? ''));
    if (printed && printed !== above[role]) higherChanged = true;
  }
  return groups;
}

const orNull = (text: string | undefined) => (text ? text : null);

/** One block's indicator rows, top down, with their groups filled; a row's project falls back to the form's. */
export function fillDown(rows: readonly { row: number; read: IndicatorRowRead }[], projectAt: (row: number) => string | null): RawIndicatorRow[] {
  let above: Groups = {};
  return rows.map(({ row, read }) => {
    const groups = fillGroups(read.ownGroups, above);
    above = groups;
    return {
      project: orNull(groups.project) ?? projectAt(row),
      subproject: orNull(groups.subproject),
      level1: orNull(groups.level1),
      category: orNull(groups.category),
      ...read.row,
    };
  });
}
