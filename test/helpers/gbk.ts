/**
 * GBK bytes of a text, for bank-statement fixtures: iconv-lite (the encoder the demo uses) checked
 * by decoding back with the platform's GB18030 decoder, so a character GBK lacks throws instead of
 * silently becoming '?'.
 */
import iconv from 'iconv-lite';

export function gbk(text: string): Buffer {
  const data = iconv.encode(text, 'gbk');
  if (new TextDecoder('gb18030', { fatal: true }).decode(data) !== text) throw new Error(`no GBK bytes for some character of ${JSON.stringify(text)}`);
  return data;
}
