import { describe, expect, it } from 'vitest';
import type { Me, VoterRoll } from '../../api';
import { canConvene, canOversee, canReadInternalDecisions, decisionCommunities, rollCsv, stepOf } from './decisionsUtil';

describe('decisions display helpers', () => {
  it('places every state on the step bar', () => {
    expect(stepOf('draft')).toEqual({ current: 0, status: 'process' });
    expect(stepOf('voting')).toEqual({ current: 2, status: 'process' });
    expect(stepOf('objection')).toEqual({ current: 4, status: 'process' });
    expect(stepOf('final')).toEqual({ current: 5, status: 'finish' });
    expect(stepOf('failed')).toEqual({ current: 5, status: 'error' });
    expect(stepOf('withdrawn')).toEqual({ current: 1, status: 'error' });
  });

  it('writes the roll as CSV with exact areas, quoting what needs it', () => {
    const roll: VoterRoll = {
      decisionId: 1,
      frozenAt: null,
      includeParking: false,
      includeStorage: false,
      totalAreaCm2: 30_005,
      totalHeadcount: 2,
      excludedUnits: 0,
      voters: [
        { voterId: 1, kind: 'owners', unitCodes: ['1-1-0101', '1-1-0102'], areaCm2: 20_005, castable: true },
        { voterId: 2, kind: 'developer', unitCodes: ['S-1'], areaCm2: 10_000, castable: true },
      ],
    };
    const csv = rollCsv(roll, { kind: '类别', units: '房号', area: '面积, m²' }, (k) => (k === 'owners' ? '业主' : '开发商 "华锦"'));
    expect(csv).toBe('\uFEFF类别,房号,"面积, m²"\r\n业主,1-1-0101 1-1-0102,200.05\r\n"开发商 ""华锦""",S-1,100.00\r\n');
  });

  it('tells the committee, the supervisor and the officials apart', () => {
    const c = { code: 'fhy', district: '武侯区', street: '晋阳街道' };
    const me = (role: 'committee' | 'supervisor' | 'street_official' | 'owner', communityCode: string | null, region: string | null = null): Me => ({
      account: { id: 1, login: 'x', displayName: 'x', locale: 'zh-CN' },
      csrfToken: 't',
      roles: [{ role, communityCode, communityName: communityCode ? '风华苑' : null, region }],
    });
    expect([canConvene, canOversee, canReadInternalDecisions].map((f) => f(me('committee', 'fhy'), c))).toEqual([true, true, true]);
    expect([canConvene, canOversee, canReadInternalDecisions].map((f) => f(me('supervisor', 'fhy'), c))).toEqual([false, true, true]);
    expect([canConvene, canOversee, canReadInternalDecisions].map((f) => f(me('street_official', null, '武侯区/晋阳街道'), c))).toEqual([false, false, true]);
    expect([canConvene, canOversee, canReadInternalDecisions].map((f) => f(me('owner', 'fhy'), c))).toEqual([false, false, false]);
    expect(decisionCommunities(me('owner', 'fhy'))).toEqual([{ code: 'fhy', name: '风华苑' }]);
    expect(decisionCommunities({ account: null })).toEqual([]);
  });
});
