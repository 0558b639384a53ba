/**
 * The demo fleet's names (issue #13, "Chinese first"): invented organisations
 * with an official Chinese name and an English or pinyin one beside it, and
 * real provinces and cities of China. The brand words are invented; no name
 * here is, or is meant to be, a real company's. Pure data.
 */

/** Place is a name in Chinese with its English (pinyin) name beside it. */
export interface Place {
  name: string;
  nameEn: string;
}

/** Province is a province-level division with a few of its cities; a municipality is its own city. */
export interface Province extends Place {
  cities: Place[];
}

const p = (name: string, nameEn: string): Place => ({ name, nameEn });

/** DEMO_PROVINCES are the deployment provinces, with cities, in Chinese with English beside. */
export const DEMO_PROVINCES: readonly Province[] = [
  {
    ...p('广东省', 'Guangdong'),
    cities: [p('深圳市', 'Shenzhen'), p('广州市', 'Guangzhou'), p('东莞市', 'Dongguan'), p('佛山市', 'Foshan')],
  },
  { ...p('浙江省', 'Zhejiang'), cities: [p('杭州市', 'Hangzhou'), p('宁波市', 'Ningbo'), p('温州市', 'Wenzhou')] },
  { ...p('江苏省', 'Jiangsu'), cities: [p('苏州市', 'Suzhou'), p('南京市', 'Nanjing'), p('无锡市', 'Wuxi')] },
  { ...p('上海市', 'Shanghai'), cities: [p('上海市', 'Shanghai')] },
  { ...p('北京市', 'Beijing'), cities: [p('北京市', 'Beijing')] },
  { ...p('山东省', 'Shandong'), cities: [p('青岛市', 'Qingdao'), p('济南市', 'Jinan'), p('烟台市', 'Yantai')] },
  { ...p('四川省', 'Sichuan'), cities: [p('成都市', 'Chengdu'), p('绵阳市', 'Mianyang')] },
  { ...p('湖北省', 'Hubei'), cities: [p('武汉市', 'Wuhan'), p('宜昌市', 'Yichang')] },
  { ...p('福建省', 'Fujian'), cities: [p('厦门市', 'Xiamen'), p('福州市', 'Fuzhou')] },
  { ...p('河南省', 'Henan'), cities: [p('郑州市', 'Zhengzhou'), p('洛阳市', 'Luoyang')] },
  { ...p('安徽省', 'Anhui'), cities: [p('合肥市', 'Hefei'), p('芜湖市', 'Wuhu')] },
  { ...p('湖南省', 'Hunan'), cities: [p('长沙市', 'Changsha')] },
  { ...p('天津市', 'Tianjin'), cities: [p('天津市', 'Tianjin')] },
  { ...p('重庆市', 'Chongqing'), cities: [p('重庆市', 'Chongqing')] },
  { ...p('辽宁省', 'Liaoning'), cities: [p('沈阳市', 'Shenyang'), p('大连市', 'Dalian')] },
  { ...p('陕西省', 'Shaanxi'), cities: [p('西安市', "Xi'an")] },
];

/** HOME_CITIES are where the demo's organisations are registered, as a company name begins with its city. */
export const HOME_CITIES: readonly Place[] = [
  p('深圳', 'Shenzhen'),
  p('杭州', 'Hangzhou'),
  p('北京', 'Beijing'),
  p('上海', 'Shanghai'),
  p('苏州', 'Suzhou'),
  p('广州', 'Guangzhou'),
  p('武汉', 'Wuhan'),
  p('成都', 'Chengdu'),
  p('合肥', 'Hefei'),
  p('南京', 'Nanjing'),
  p('青岛', 'Qingdao'),
  p('厦门', 'Xiamen'),
  p('天津', 'Tianjin'),
  p('长沙', 'Changsha'),
  p('东莞', 'Dongguan'),
  p('西安', "Xi'an"),
];

/** BRANDS are invented brand words of manufacturers; a maker's models carry its brand. */
export const BRANDS: readonly Place[] = [
  p('灵犀', 'Lingxi'),
  p('天启', 'Tianqi'),
  p('星衍', 'Xingyan'),
  p('云岫', 'Yunxiu'),
  p('启明', 'Qiming'),
  p('澄明', 'Chengming'),
  p('锦腾', 'Jinteng'),
  p('睿博', 'Ruibo'),
  p('飞跃', 'Feiyue'),
  p('安博', 'Anbo'),
  p('开物', 'Kaiwu'),
  p('墨子', 'Mozi'),
  p('瀚海', 'Hanhai'),
  p('浩然', 'Haoran'),
  p('明达', 'Mingda'),
  p('博远', 'Boyuan'),
  p('青鸾', 'Qingluan'),
  p('洛书', 'Luoshu'),
  p('灵枢', 'Lingshu'),
  p('若水', 'Ruoshui'),
];

/** TRADES are what a manufacturer's name says it does. */
export const TRADES: readonly Place[] = [
  p('机器人', 'Robotics'),
  p('智能科技', 'Intelligent Technology'),
  p('人形机器人', 'Humanoid Robotics'),
  p('自动化', 'Automation'),
  p('动力科技', 'Dynamics'),
  p('具身智能', 'Embodied AI'),
];

/** LEGAL_FORMS are a company's registered form: a joint-stock company or a limited company. */
export const LEGAL_FORMS: readonly Place[] = [p('股份有限公司', 'Co., Ltd.'), p('有限公司', 'Co., Ltd.')];

/** OPERATOR_KINDS are the businesses that run the demo's robots. */
export const OPERATOR_KINDS: readonly Place[] = [
  p('物流有限公司', 'Logistics Co., Ltd.'),
  p('医院', 'Hospital'),
  p('智能工厂', 'Smart Factory'),
  p('商业集团', 'Retail Group'),
  p('养老服务中心', 'Elder Care Centre'),
];

/** OPERATOR_WORDS tell the operators of one city and kind apart. */
export const OPERATOR_WORDS: readonly Place[] = [
  p('恒通', 'Hengtong'),
  p('仁济安', "Renji'an"),
  p('华创', 'Huachuang'),
  p('万家汇', 'Wanjiahui'),
  p('颐康', 'Yikang'),
  p('顺达', 'Shunda'),
  p('永宁', 'Yongning'),
  p('嘉禾', 'Jiahe'),
];

/** SERVICE_WORDS name the demo's service centres. */
export const SERVICE_WORDS: readonly Place[] = [
  p('精修', 'Jingxiu'),
  p('安维', 'Anwei'),
  p('速保', 'Subao'),
  p('匠心', 'Jiangxin'),
  p('恒久', 'Hengjiu'),
  p('捷修', 'Jiexiu'),
  p('护航', 'Huhang'),
  p('优维', 'Youwei'),
];

/** RECYCLER_CITIES are the homes of the demo's certified recyclers. */
export const RECYCLER_CITIES: readonly Place[] = [p('天津', 'Tianjin'), p('东莞', 'Dongguan'), p('合肥', 'Hefei')];
